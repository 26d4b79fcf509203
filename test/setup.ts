import { DefaultLogger, Runtime } from '@temporalio/worker';

// Worker and bundler chatter hides test output; warnings and errors still show.
Runtime.install({ logger: new DefaultLogger('WARN') });

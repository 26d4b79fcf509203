import { temporalUnavailable } from '../../client/errors';

/** A gRPC error as @grpc/grpc-js builds it: the code, and the status text after it in the message. */
const grpc = (code: number, details: string) =>
  Object.assign(new Error(`${code} ${details}`), { code, details });
/** The client's wrapper around it, as WorkflowClient rethrows a failed update call. */
const wrapped = (cause: Error) =>
  Object.assign(new Error('Workflow Update failed'), { name: 'ServiceError', cause });

test.each([
  ['the server unreachable', true, grpc(14, 'UNAVAILABLE: No connection established')],
  [
    'the update refused while the case workflow task is retried',
    true,
    wrapped(
      grpc(
        9,
        'FAILED_PRECONDITION: Unable to perform workflow execution update due to Workflow Task in failed state.',
      ),
    ),
  ],
  ['another failed precondition', false, wrapped(grpc(9, 'FAILED_PRECONDITION: Workflow is closing.'))],
  ['a refused argument', false, wrapped(grpc(3, 'INVALID_ARGUMENT: Workflow Task in failed state'))],
])('%s: unavailable %s', (_, unavailable, err) => {
  expect(temporalUnavailable(err)).toBe(unavailable);
});

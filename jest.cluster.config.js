const base = require('./jest.config');

/** `npm run test:cluster`: only the cluster test (README "Deploying at scale"), which `npm test` leaves out. */
module.exports = { ...base, roots: ['<rootDir>/test/cluster'], testPathIgnorePatterns: ['/node_modules/'] };

export { outgoingCaseWorkflow } from './outgoing-case/workflow';
export { incomingCaseWorkflow } from './incoming-case/workflow';

export { outgoingCaseWorkflow } from './outgoing-case/workflow';
export { incomingCaseWorkflow } from './incoming-case/workflow';
export { callWorkflow } from './call/workflow';

export { outgoingCaseWorkflow } from './outgoing-case/workflow';

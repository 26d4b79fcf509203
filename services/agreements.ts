export { readAgreementTable } from '../stores/agreements';

import { describeConsumerContract } from './consumer-contract.ts';

describeConsumerContract('vectara-v1');

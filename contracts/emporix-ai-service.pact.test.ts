import { describeConsumerContract } from './consumer-contract.ts';

describeConsumerContract('emporix-ai-service');

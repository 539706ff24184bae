import { describeConsumerContract } from './consumer-contract.ts';

describeConsumerContract('cloudflare-ai-search');

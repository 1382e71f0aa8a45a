/** The workflow bundle's entry: only deterministic code is reachable from here. */
export { callWorkflow } from './call.workflow';
export { campaignWorkflow } from './campaign.workflow';
export { webhookDeliveryWorkflow } from './webhook-delivery.workflow';
export { campaignLaunchWorkflow } from './campaign-launch.workflow';
export { reanalysisWorkflow } from './reanalysis.workflow';

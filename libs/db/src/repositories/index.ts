export * from './call-attempts.repository';
export * from './campaign.repository';
export * from './contact-queue';
export * from './dnc.repository';

// The contract between the mini-program and the server. Both import from here; nothing is retyped.
export * from './errors.js';
export * from './identity.js';
export * from './regions.js';
export * from './topics.js';
export * from './audit.js';
export * from './consultations.js';
export * from './invitations.js';
export * from './contracts.js';
export * from './statistics.js';
export * from './sessions.js';
export * from './roll.js';
export * from './petitions.js';
export * from './subscriptions.js';
export * from './congress.js';
export * from './moderation.js';
export * from './paging.js';
export * from './suggestions.js';

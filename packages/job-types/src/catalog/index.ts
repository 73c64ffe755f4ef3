export { describeJobType, defaultQueue } from './describeJobType';
export { createJobTypeAnnouncer, JobTypeRefusedError } from './createJobTypeAnnouncer';
export { catalogOverHttp } from './catalogOverHttp';

export type { JobTypeDescriptor } from './describeJobType';
export type { AnnouncedMessage, JobTypeAnnouncer, JobTypeAnnouncerOptions } from './createJobTypeAnnouncer';

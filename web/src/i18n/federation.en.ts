import type { Messages } from './zh-CN';

const federationEn: Pick<Messages, 'federation'> = {
  federation: {
    title: 'Connected platforms',
    description: 'Province–city exchange: a city platform connects to the province platform with its key; the province office approves after comparing fingerprints; every call between platforms is signed both ways.',
    self: 'This platform',
    level: 'Level',
    levels: { province: 'Province platform', city: 'City platform' },
    region: 'Region',
    fingerprint: 'Key fingerprint',
    compareHint: 'Before approving, the two offices compare the key fingerprints by phone or official letter.',
    cities: 'City platform connections',
    platform: 'Platform',
    statusLabel: 'Status',
    status: { pending: 'Awaiting approval', active: 'Connected', suspended: 'Suspended', unreachable: 'Unreachable', refused: 'Refused' },
    lastSeen: 'Last contact',
    approve: 'Approve',
    suspend: 'Suspend',
    resume: 'Resume',
    done: { approve: '{{name}} approved', suspend: '{{name}} suspended', resume: '{{name}} resumed' },
    none: 'No city platform has asked to connect',
    parent: 'Connection to the province platform',
    parentUrl: 'Province platform',
    parentFingerprint: 'Province key fingerprint (pinned at first contact)',
    lastContact: 'Last successful contact',
    notYet: 'Not connected to the province platform yet',
    connectNow: 'Connect now',
    suspendTitle: 'Suspend {{name}}',
    reason: 'Reason',
    reasonRequired: 'Give the reason for suspending',
  },
};
export default federationEn;

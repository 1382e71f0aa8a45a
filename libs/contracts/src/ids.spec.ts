import { callChannelId, callWorkflowId, campaignWorkflowId, parseCallChannelId } from './ids';

describe('workflow and channel ids', () => {
  const ref = {
    campaignId: '0b8f7c1e-3d2a-4c5b-9e6f-1a2b3c4d5e6f',
    contactId: 'f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b',
    attempt: 3,
  };

  it('names the runs after the business ids', () => {
    expect(campaignWorkflowId(ref.campaignId)).toBe(`campaign/${ref.campaignId}`);
    expect(callWorkflowId(ref)).toBe(`campaign/${ref.campaignId}/contact/${ref.contactId}/attempt/3`);
  });

  it('derives a channel id that leads back to the same attempt', () => {
    const channelId = callChannelId(ref);
    expect(channelId).not.toContain('/');
    expect(channelId.length).toBeLessThan(150);
    expect(parseCallChannelId(channelId)).toEqual(ref);
  });

  it('ignores channels that are not dialer calls', () => {
    expect(parseCallChannelId('1700000000.42')).toBeUndefined();
    expect(parseCallChannelId(`${callChannelId(ref)}-sim`)).toBeUndefined();
  });
});

import { DECLINE_RECORDING_KEY, consentAnnouncement, declinesRecording, describeRecordingDecline } from './recording-consent';

describe(declinesRecording.name, () => {
  it('takes the decline key, and no menu key', () => {
    expect(declinesRecording({ dtmf: DECLINE_RECORDING_KEY }, 'en-US')).toBe(true);
    for (const dtmf of ['1', '2', '3', '9']) expect(declinesRecording({ dtmf }, 'en-US')).toBe(false);
  });

  it.each(["Don't record this.", 'Please do not record me', 'Stop recording!', 'No recording, please', "I don't want to be recorded"])(
    'hears an English decline in "%s"',
    (text) => expect(declinesRecording({ text }, 'en-US')).toBe(true),
  );

  it.each(['No me grabe, por favor.', 'Sin grabar.', 'Pare la grabación', 'No quiero que me graben'])('hears a Spanish decline in "%s"', (text) =>
    expect(declinesRecording({ text }, 'es-ES')).toBe(true),
  );

  it.each(['Yes, I am interested.', 'Stop calling me.', 'Call me back tomorrow at three.', ''])('hears no decline in "%s"', (text) =>
    expect(declinesRecording({ text }, 'en-US')).toBe(false),
  );
});

describe(consentAnnouncement.name, () => {
  it("speaks the campaign's own message, else the standard one in the script's language", () => {
    expect(consentAnnouncement('en-US', 'Calls are recorded. Press 7 to refuse.')).toBe('Calls are recorded. Press 7 to refuse.');
    expect(consentAnnouncement('en-GB')).toMatch(/^This call is recorded.*press 7 or say do not record/);
    expect(consentAnnouncement('es-MX')).toMatch(/^Esta llamada se graba.*marque 7/);
  });
});

describe(describeRecordingDecline.name, () => {
  it('names the key, or keeps the words', () => {
    expect(describeRecordingDecline({ dtmf: '7' }, 'en-US')).toBe('[pressed 7: do not record]');
    expect(describeRecordingDecline({ dtmf: '7' }, 'es-ES')).toBe('[marcó 7: no grabar]');
    expect(describeRecordingDecline({ text: 'No me grabe' }, 'es-ES')).toBe('No me grabe');
  });
});

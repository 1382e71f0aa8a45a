import { Button, Checkbox, Fieldset, Group, NativeSelect, SimpleGrid, Stack, TextInput, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { apiSend, fieldErrors } from '../../api/client';
import { CAMPAIGN_TYPES, type CallSettings, type Campaign, RETRYABLE_OUTCOMES, type RetryableOutcome } from '../../api/types';
import { label, numberOrUndefined } from '../../components/format';
import { ErrorAlert } from '../../components/states';
import { useScripts } from './campaign-api';

const NUMBER_SETTINGS = [
  ['maxConcurrentCalls', 'Max concurrent calls'],
  ['callIntervalMs', 'Interval between dials (ms)'],
  ['retryAttempts', 'Retry attempts'],
  ['retryDelayMinutes', 'Retry delay (minutes)'],
  ['callTimeoutSeconds', 'Ring timeout (seconds)'],
  ['maxCallSeconds', 'Max call length (seconds)'],
] as const;
type NumberSetting = (typeof NUMBER_SETTINGS)[number][0];

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** Per outcome: the dialer's default, or retry / no retry after a delay. */
type RuleChoice = { mode: 'default' | 'retry' | 'no-retry'; delay: string };

function initialRules(settings: CallSettings): Record<RetryableOutcome, RuleChoice> {
  return Object.fromEntries(
    RETRYABLE_OUTCOMES.map((outcome) => {
      const rule = settings.retryPolicy?.[outcome];
      return [outcome, { mode: rule ? (rule.retry ? 'retry' : 'no-retry') : 'default', delay: rule?.delayMinutes?.toString() ?? '' }];
    }),
  ) as Record<RetryableOutcome, RuleChoice>;
}

/** Create or edit a campaign; the API validates, and each message shows on the field it names. */
export function CampaignForm({ campaign, onDone }: { campaign?: Campaign; onDone: (saved: Campaign) => void }) {
  const queryClient = useQueryClient();
  const scripts = useScripts();
  const settings = campaign?.callSettings ?? {};
  const [name, setName] = useState(campaign?.name ?? '');
  const [type, setType] = useState(campaign?.type ?? 'sales');
  const [description, setDescription] = useState(campaign?.description ?? '');
  const [scriptId, setScriptId] = useState(campaign?.scriptId ?? '');
  const [callerId, setCallerId] = useState(campaign?.callerId ?? '');
  const [numbers, setNumbers] = useState<Record<NumberSetting, string>>(
    () => Object.fromEntries(NUMBER_SETTINGS.map(([key]) => [key, settings[key]?.toString() ?? ''])) as Record<NumberSetting, string>,
  );
  const [rules, setRules] = useState(() => initialRules(settings));
  const [hoursOn, setHoursOn] = useState(campaign?.callingWindow != null);
  const [hours, setHours] = useState(campaign?.callingWindow ?? { start: '09:00', end: '20:00', days: [1, 2, 3, 4, 5] });

  const save = useMutation({
    mutationFn: () => {
      const callSettings: CallSettings = {};
      for (const [key] of NUMBER_SETTINGS) {
        const value = numberOrUndefined(numbers[key]);
        if (value !== undefined) callSettings[key] = value;
      }
      const retryPolicy = Object.fromEntries(
        RETRYABLE_OUTCOMES.filter((outcome) => rules[outcome].mode !== 'default').map((outcome) => [
          outcome,
          { retry: rules[outcome].mode === 'retry', ...(rules[outcome].delay ? { delayMinutes: Number(rules[outcome].delay) } : {}) },
        ]),
      );
      if (Object.keys(retryPolicy).length > 0) callSettings.retryPolicy = retryPolicy;
      const body = {
        name,
        description,
        callerId,
        ...(campaign ? {} : { type }),
        ...(scriptId ? { scriptId } : {}),
        callSettings,
        ...(hoursOn ? { callingWindow: hours } : {}),
      };
      return campaign
        ? apiSend<{ campaign: Campaign }>('PATCH', `/campaigns/${campaign.id}`, body)
        : apiSend<{ campaign: Campaign }>('POST', '/campaigns', body);
    },
    onSuccess: ({ campaign: saved }) => {
      void queryClient.invalidateQueries({ queryKey: ['campaigns'] });
      void queryClient.invalidateQueries({ queryKey: ['campaign', saved.id] });
      onDone(saved);
    },
  });
  const errors = fieldErrors(save.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }

  return (
    <form onSubmit={submit} noValidate aria-label={campaign ? 'Edit campaign' : 'New campaign'}>
      <Stack>
        <ErrorAlert error={save.error} title="The campaign was not saved" />
        <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name} />
        {!campaign && (
          <NativeSelect label="Type" data={CAMPAIGN_TYPES.map((t) => ({ value: t, label: label(t) }))} value={type} onChange={(e) => setType(e.currentTarget.value)} error={errors.type} />
        )}
        <Textarea label="Description" autosize minRows={2} value={description} onChange={(e) => setDescription(e.currentTarget.value)} error={errors.description} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <NativeSelect
            label="Script"
            data={[{ value: '', label: 'Default pitch' }, ...(scripts.data ?? []).map((s) => ({ value: s.id, label: s.name }))]}
            value={scriptId}
            onChange={(e) => setScriptId(e.currentTarget.value)}
            error={errors.scriptId}
          />
          <TextInput label="Caller ID" value={callerId} onChange={(e) => setCallerId(e.currentTarget.value)} error={errors.callerId} />
        </SimpleGrid>
        <Fieldset legend="Call settings (empty: the dialer's default)">
          <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
            {NUMBER_SETTINGS.map(([key, text]) => (
              <TextInput
                key={key}
                label={text}
                type="number"
                inputMode="numeric"
                value={numbers[key]}
                onChange={(e) => setNumbers({ ...numbers, [key]: e.currentTarget.value })}
                error={errors[`callSettings.${key}`]}
              />
            ))}
          </SimpleGrid>
        </Fieldset>
        <Fieldset legend="Retry rules by outcome">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {RETRYABLE_OUTCOMES.map((outcome) => (
              <Group key={outcome} grow align="flex-start">
                <NativeSelect
                  label={`When ${label(outcome)}`}
                  data={[
                    { value: 'default', label: 'Dialer default' },
                    { value: 'retry', label: 'Retry' },
                    { value: 'no-retry', label: 'Do not retry' },
                  ]}
                  value={rules[outcome].mode}
                  onChange={(e) => setRules({ ...rules, [outcome]: { ...rules[outcome], mode: e.currentTarget.value as RuleChoice['mode'] } })}
                  error={errors[`callSettings.retryPolicy.${outcome}.retry`]}
                />
                <TextInput
                  label="after (minutes)"
                  type="number"
                  disabled={rules[outcome].mode !== 'retry'}
                  value={rules[outcome].delay}
                  onChange={(e) => setRules({ ...rules, [outcome]: { ...rules[outcome], delay: e.currentTarget.value } })}
                  error={errors[`callSettings.retryPolicy.${outcome}.delayMinutes`]}
                />
              </Group>
            ))}
          </SimpleGrid>
        </Fieldset>
        <Fieldset legend="Calling hours (the contact's local time)">
          <Stack>
            <Checkbox label="Only call inside these hours" checked={hoursOn} onChange={(e) => setHoursOn(e.currentTarget.checked)} />
            {hoursOn && (
              <>
                <Group grow>
                  <TextInput label="From" type="time" value={hours.start} onChange={(e) => setHours({ ...hours, start: e.currentTarget.value })} error={errors['callingWindow.start']} />
                  <TextInput label="To" type="time" value={hours.end} onChange={(e) => setHours({ ...hours, end: e.currentTarget.value })} error={errors['callingWindow.end']} />
                </Group>
                <Checkbox.Group
                  label="Days"
                  value={hours.days.map(String)}
                  onChange={(days) => setHours({ ...hours, days: days.map(Number).sort() })}
                  error={errors['callingWindow.days']}
                >
                  <Group gap="sm" mt={4}>
                    {DAYS.map((day, index) => (
                      <Checkbox key={day} value={String(index)} label={day} />
                    ))}
                  </Group>
                </Checkbox.Group>
              </>
            )}
          </Stack>
        </Fieldset>
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending}>
            {campaign ? 'Save changes' : 'Create campaign'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

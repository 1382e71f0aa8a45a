import { Button, Group, NativeSelect, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { apiSend, fieldErrors } from '../../api/client';
import type { Campaign, Contact } from '../../api/types';
import { ErrorAlert } from '../../components/states';

const FIELDS = [
  ['firstName', 'First name'],
  ['lastName', 'Last name'],
  ['phone', 'Phone'],
  ['email', 'Email'],
  ['company', 'Company'],
  ['timezone', 'Time zone (e.g. America/New_York)'],
] as const;
type Field = (typeof FIELDS)[number][0];

/** Add one contact to a campaign, or edit one; the engine owns status and attempts. */
export function ContactForm({ contact, campaigns, campaignId, onDone }: { contact?: Contact; campaigns: Campaign[]; campaignId: string; onDone: () => void }) {
  const queryClient = useQueryClient();
  const [campaign, setCampaign] = useState(contact?.campaignId ?? campaignId);
  const [values, setValues] = useState<Record<Field, string>>(
    () => Object.fromEntries(FIELDS.map(([key]) => [key, contact?.[key] ?? ''])) as Record<Field, string>,
  );
  const save = useMutation({
    mutationFn: () => {
      // A new contact sends what was filled in; an edit sends what changed.
      const changed = FIELDS.map(([key]) => key).filter((key) => values[key].trim() !== (contact ? (contact[key] ?? '') : ''));
      const body = Object.fromEntries(changed.map((key) => [key, values[key].trim()]));
      return contact ? apiSend('PATCH', `/contacts/${contact.id}`, body) : apiSend('POST', '/contacts', { ...body, campaignId: campaign });
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['contacts'] });
      onDone();
    },
  });
  const errors = fieldErrors(save.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }

  return (
    <form onSubmit={submit} noValidate aria-label={contact ? 'Edit contact' : 'New contact'}>
      <Stack>
        <ErrorAlert error={save.error} title="The contact was not saved" />
        {!contact && (
          <NativeSelect
            label="Campaign"
            required
            data={[{ value: '', label: 'Choose a campaign' }, ...campaigns.map((c) => ({ value: c.id, label: c.name }))]}
            value={campaign}
            onChange={(e) => setCampaign(e.currentTarget.value)}
            error={errors.campaignId}
          />
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {FIELDS.map(([key, text]) => (
            <TextInput
              key={key}
              label={text}
              required={key === 'phone'}
              type={key === 'email' ? 'email' : key === 'phone' ? 'tel' : 'text'}
              value={values[key]}
              onChange={(e) => setValues({ ...values, [key]: e.currentTarget.value })}
              error={errors[key]}
            />
          ))}
        </SimpleGrid>
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending}>
            {contact ? 'Save contact' : 'Add contact'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

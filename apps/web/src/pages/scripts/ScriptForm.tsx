import { Button, Fieldset, Group, SimpleGrid, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { apiSend, fieldErrors } from '../../api/client';
import { OBJECTION_KINDS, type Script } from '../../api/types';
import { label } from '../../components/format';
import { ErrorAlert } from '../../components/states';

const TEXTS = [
  ['mainPitch', 'Main pitch'],
  ['closing', 'Closing'],
  ['followUp', 'Follow-up'],
  ['voicemailMessage', 'Voicemail message'],
] as const;
type TextField = (typeof TEXTS)[number][0];

/** A call script: pitch, a reply per objection kind, closing, follow-up and voicemail, with placeholders. */
export function ScriptForm({ script, onDone }: { script?: Script; onDone: () => void }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState(script?.name ?? '');
  const [texts, setTexts] = useState<Record<TextField, string>>(
    () => Object.fromEntries(TEXTS.map(([key]) => [key, script?.[key] ?? ''])) as Record<TextField, string>,
  );
  const [objections, setObjections] = useState<Record<string, string>>(script?.objectionHandling ?? {});
  const save = useMutation({
    mutationFn: () => {
      const objectionHandling = Object.fromEntries(Object.entries(objections).filter(([, reply]) => reply.trim() !== ''));
      const body = { name, ...texts, objectionHandling };
      return script ? apiSend('PATCH', `/scripts/${script.id}`, body) : apiSend('POST', '/scripts', body);
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['scripts'] });
      onDone();
    },
  });
  const errors = fieldErrors(save.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }

  return (
    <form onSubmit={submit} noValidate aria-label={script ? 'Edit script' : 'New script'}>
      <Stack>
        <ErrorAlert error={save.error} title="The script was not saved" />
        <Text size="sm" c="dimmed">
          Placeholders: {'{first_name}'}, {'{company}'} and any custom field of the contact, e.g. {'{plan}'}.
        </Text>
        <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name} />
        {TEXTS.map(([key, text]) => (
          <Textarea
            key={key}
            label={text}
            required={key === 'mainPitch'}
            autosize
            minRows={2}
            value={texts[key]}
            onChange={(e) => setTexts({ ...texts, [key]: e.currentTarget.value })}
            error={errors[key]}
          />
        ))}
        <Fieldset legend="Objection handling">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {OBJECTION_KINDS.map((kind) => (
              <Textarea
                key={kind}
                label={`When the objection is ${label(kind)}`}
                autosize
                minRows={2}
                value={objections[kind] ?? ''}
                onChange={(e) => setObjections({ ...objections, [kind]: e.currentTarget.value })}
                error={errors[`objectionHandling.${kind}`]}
              />
            ))}
          </SimpleGrid>
        </Fieldset>
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending}>
            {script ? 'Save script' : 'Create script'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

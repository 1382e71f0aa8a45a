import { ActionIcon, Badge, Button, Group, Modal, NativeSelect, Pagination, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { apiGet, apiSend } from '../../api/client';
import { CONTACT_STATUSES, type Contact } from '../../api/types';
import { useCanWrite } from '../../auth/session';
import { CsvUpload } from '../../components/CsvUpload';
import { label } from '../../components/format';
import { Empty, ErrorAlert, QueryState } from '../../components/states';
import { useCampaigns } from '../campaigns/campaign-api';
import { ContactForm } from './ContactForm';

const PAGE_SIZE = 25;

/** Contacts by campaign, status and text, a page at a time; CSV upload, add, edit and delete for admins. */
export function ContactsPage() {
  const [params, setParams] = useSearchParams();
  const campaignId = params.get('campaign_id') ?? '';
  const status = params.get('status') ?? '';
  const page = Number(params.get('page') ?? '1');
  const [search, setSearch] = useState(params.get('q') ?? '');
  const [q] = useDebouncedValue(search, 300);
  const canWrite = useCanWrite();
  const campaigns = useCampaigns();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<Contact | 'new' | null>(null);

  const setFilter = (key: string, value: string) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      if (value) next.set(key, value);
      else next.delete(key);
      if (key !== 'page') next.delete('page');
      return next;
    });

  const contacts = useQuery({
    queryKey: ['contacts', campaignId, status, q, page],
    queryFn: () =>
      apiGet<{ contacts: Contact[]; total: number }>('/contacts', {
        campaign_id: campaignId,
        status,
        q,
        limit: PAGE_SIZE,
        offset: (page - 1) * PAGE_SIZE,
      }),
    placeholderData: keepPreviousData,
  });
  const remove = useMutation({
    mutationFn: (id: string) => apiSend('DELETE', `/contacts/${id}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['contacts'] }),
  });
  const campaignName = new Map((campaigns.data ?? []).map((c) => [c.id, c.name]));

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Contacts</Title>
        {canWrite && <Button onClick={() => setEditing('new')}>Add contact</Button>}
      </Group>
      <Group align="flex-end" role="search" aria-label="Filter contacts">
        <NativeSelect
          label="Campaign"
          data={[{ value: '', label: 'All campaigns' }, ...(campaigns.data ?? []).map((c) => ({ value: c.id, label: c.name }))]}
          value={campaignId}
          onChange={(e) => setFilter('campaign_id', e.currentTarget.value)}
        />
        <NativeSelect
          label="Status"
          data={[{ value: '', label: 'Any status' }, ...CONTACT_STATUSES.map((s) => ({ value: s, label: label(s) }))]}
          value={status}
          onChange={(e) => setFilter('status', e.currentTarget.value)}
        />
        <TextInput label="Search" placeholder="Name, phone or email" value={search} onChange={(e) => setSearch(e.currentTarget.value)} />
      </Group>
      {canWrite &&
        (campaignId ? (
          <CsvUpload
            title={`Upload contacts to ${campaignName.get(campaignId) ?? 'this campaign'}`}
            path={`/campaigns/${campaignId}/contacts/upload`}
            hint="Header: first_name,last_name,phone,email,company (timezone and other columns optional)"
            onUploaded={() => void queryClient.invalidateQueries({ queryKey: ['contacts'] })}
          />
        ) : (
          <Text size="sm" c="dimmed">
            Choose a campaign to upload a CSV of contacts into it.
          </Text>
        ))}
      <ErrorAlert error={remove.error} title="Not deleted" />
      <QueryState query={contacts}>
        {({ contacts: rows, total }) =>
          rows.length === 0 ? (
            <Empty>No contact matches.</Empty>
          ) : (
            <>
              <Table.ScrollContainer minWidth={720}>
                <Table striped aria-label="Contacts">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Name</Table.Th>
                      <Table.Th>Phone</Table.Th>
                      <Table.Th>Email</Table.Th>
                      <Table.Th>Company</Table.Th>
                      <Table.Th>Campaign</Table.Th>
                      <Table.Th>Status</Table.Th>
                      <Table.Th>Attempts</Table.Th>
                      {canWrite && <Table.Th>Actions</Table.Th>}
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {rows.map((contact) => (
                      <Table.Tr key={contact.id}>
                        <Table.Td>{`${contact.firstName} ${contact.lastName}`.trim() || '—'}</Table.Td>
                        <Table.Td>{contact.phone}</Table.Td>
                        <Table.Td>{contact.email || '—'}</Table.Td>
                        <Table.Td>{contact.company || '—'}</Table.Td>
                        <Table.Td>{campaignName.get(contact.campaignId) ?? '—'}</Table.Td>
                        <Table.Td>
                          <Badge variant="light">{label(contact.status)}</Badge>
                        </Table.Td>
                        <Table.Td>{contact.attempts}</Table.Td>
                        {canWrite && (
                          <Table.Td>
                            <Group gap={4} wrap="nowrap">
                              <Button size="compact-xs" variant="default" onClick={() => setEditing(contact)} aria-label={`Edit ${contact.phone}`}>
                                Edit
                              </Button>
                              <ActionIcon
                                variant="subtle"
                                color="red"
                                aria-label={`Delete ${contact.phone}`}
                                onClick={() => window.confirm(`Delete the contact ${contact.phone}?`) && remove.mutate(contact.id)}
                              >
                                ✕
                              </ActionIcon>
                            </Group>
                          </Table.Td>
                        )}
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
              <Group justify="space-between">
                <Text size="sm">{total} contacts</Text>
                <Pagination total={Math.ceil(total / PAGE_SIZE)} value={page} onChange={(p) => setFilter('page', String(p))} getControlProps={(control) => ({ 'aria-label': `${control} page` })} />
              </Group>
            </>
          )
        }
      </QueryState>
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title={editing === 'new' ? 'New contact' : 'Edit contact'} size="lg">
        {editing !== null && (
          <ContactForm contact={editing === 'new' ? undefined : editing} campaigns={campaigns.data ?? []} campaignId={campaignId} onDone={() => setEditing(null)} />
        )}
      </Modal>
    </Stack>
  );
}

import { Button, FileInput, Group, Paper, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { apiUpload } from '../api/client';
import type { UploadReport } from '../api/types';
import { label } from './format';
import { ErrorAlert } from './states';

const COUNTS: (keyof UploadReport)[] = ['rows', 'imported', 'added', 'duplicatesInFile', 'duplicatesInCampaign', 'duplicates', 'onDncList', 'invalidRows'];

/** A CSV upload with a progress bar, then the API's report: counts, and each bad line as a table row. */
export function CsvUpload({ title, path, hint, onUploaded }: { title: string; path: string; hint: string; onUploaded: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [sent, setSent] = useState(0);
  const upload = useMutation({
    mutationFn: (chosen: File) => {
      setSent(0);
      return apiUpload<{ report: UploadReport }>(path, chosen, setSent).then((r) => r.report);
    },
    onSuccess: onUploaded,
  });
  const report = upload.data;

  return (
    <Paper withBorder p="md" component="section" aria-label={title}>
      <Stack>
        <Title order={3} size="h5">
          {title}
        </Title>
        <Group align="flex-end">
          <FileInput label="CSV file" description={hint} accept=".csv,text/csv" value={file} onChange={setFile} clearable style={{ flex: 1, minWidth: 200 }} />
          <Button disabled={!file} loading={upload.isPending} onClick={() => file && upload.mutate(file)}>
            Upload
          </Button>
        </Group>
        {(upload.isPending || report) && (
          <Progress value={report ? 100 : sent * 100} animated={upload.isPending} aria-label={`Upload ${Math.round((report ? 1 : sent) * 100)}% sent`} />
        )}
        <ErrorAlert error={upload.error} title="Upload refused" />
        {report && (
          <Stack gap="xs" data-testid="upload-report">
            <Text size="sm" role="status">
              {COUNTS.filter((key) => report[key] !== undefined)
                .map((key) => `${label(key.replace(/([A-Z])/g, '_$1').toLowerCase())}: ${String(report[key])}`)
                .join(' · ')}
            </Text>
            {report.problems.length > 0 && (
              <Table.ScrollContainer minWidth={360} mah={300}>
                <Table striped aria-label="Rejected lines">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Line</Table.Th>
                      <Table.Th>Field</Table.Th>
                      <Table.Th>Reason</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {report.problems.map((problem, index) => (
                      <Table.Tr key={index}>
                        <Table.Td>{problem.line}</Table.Td>
                        <Table.Td>{problem.field}</Table.Td>
                        <Table.Td>{problem.reason}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
            {report.problemsTruncated && <Text size="xs">Only the first problems are listed.</Text>}
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}

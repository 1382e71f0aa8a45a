import { temporal } from '@temporalio/proto';
import { type TemporalAdminConnection, setUpTemporal } from './temporal-setup';

const { INDEXED_VALUE_TYPE_TEXT: TEXT, INDEXED_VALUE_TYPE_KEYWORD: KEYWORD, INDEXED_VALUE_TYPE_INT: INT } = temporal.api.enums.v1.IndexedValueType;
const ALL = { CampaignId: KEYWORD, OrganizationId: KEYWORD, ContactId: KEYWORD, Attempt: INT, CallOutcome: KEYWORD, CampaignStatus: KEYWORD };

const grpcError = (code: number, message: string) => Object.assign(new Error(message), { code });
const PERMISSION_DENIED = () => grpcError(7, '7 PERMISSION_DENIED: Request unauthorized.');

/** A server whose namespace exists, with the given custom search attributes. */
function fakeServer(customAttributes: Record<string, number>) {
  const operatorService = {
    listSearchAttributes: jest.fn(async () => ({ customAttributes: { ...customAttributes } })),
    addSearchAttributes: jest.fn(async ({ searchAttributes }: { searchAttributes: Record<string, number> }) => {
      Object.assign(customAttributes, searchAttributes);
      return {};
    }),
  };
  const workflowService = {
    describeNamespace: jest.fn(async () => ({})),
    registerNamespace: jest.fn(async () => ({})),
    countWorkflowExecutions: jest.fn(async (_request: { namespace: string; query?: string }) => ({ count: 0 })),
  };
  return { operatorService, workflowService, connection: { operatorService, workflowService } as unknown as TemporalAdminConnection };
}

describe(setUpTemporal.name, () => {
  const logger = { log: jest.fn(), warn: jest.fn() };
  beforeEach(() => jest.clearAllMocks());

  it('adds only the missing attributes, in one call', async () => {
    const server = fakeServer({ CampaignId: KEYWORD, Attempt: INT });
    await setUpTemporal(server.connection, 'dialer', logger);
    expect(server.operatorService.addSearchAttributes).toHaveBeenCalledTimes(1);
    expect(server.operatorService.addSearchAttributes).toHaveBeenCalledWith({
      namespace: 'dialer',
      searchAttributes: { OrganizationId: KEYWORD, ContactId: KEYWORD, CallOutcome: KEYWORD, CampaignStatus: KEYWORD },
    });
    expect(server.workflowService.registerNamespace).not.toHaveBeenCalled();
  });

  it('changes nothing when all six exist', async () => {
    const server = fakeServer({ ...ALL, SomethingElse: TEXT });
    await setUpTemporal(server.connection, 'dialer', logger);
    expect(server.operatorService.addSearchAttributes).not.toHaveBeenCalled();
    expect(logger.log).not.toHaveBeenCalled();
  });

  it('refuses an attribute of another type, naming both types', async () => {
    const server = fakeServer({ ...ALL, CampaignId: TEXT });
    await expect(setUpTemporal(server.connection, 'dialer', logger)).rejects.toThrow(
      'Temporal namespace dialer: search attributes of the wrong type: CampaignId is TEXT, the dialer needs KEYWORD',
    );
    expect(server.operatorService.addSearchAttributes).not.toHaveBeenCalled();
  });

  it('accepts attributes another worker registered between its list and its add', async () => {
    const server = fakeServer({});
    server.operatorService.addSearchAttributes.mockImplementationOnce(async () => {
      server.operatorService.listSearchAttributes.mockResolvedValue({ customAttributes: ALL });
      throw grpcError(6, '6 ALREADY_EXISTS: Search attribute CampaignId already exists.');
    });
    await setUpTemporal(server.connection, 'dialer', logger);
    expect(server.operatorService.listSearchAttributes).toHaveBeenCalledTimes(2);
  });

  it('registers a namespace the cluster does not have', async () => {
    const server = fakeServer({});
    server.workflowService.describeNamespace.mockRejectedValueOnce(grpcError(5, '5 NOT_FOUND: Namespace dialer is not found.'));
    await setUpTemporal(server.connection, 'dialer', logger);
    expect(server.workflowService.registerNamespace).toHaveBeenCalledWith(expect.objectContaining({ namespace: 'dialer' }));
    expect(logger.log).toHaveBeenCalledWith(expect.stringContaining('registered namespace dialer'));
  });

  describe('when the operator API is refused (Temporal Cloud)', () => {
    it('goes on with a warning when every attribute answers a visibility query', async () => {
      const server = fakeServer({});
      server.operatorService.listSearchAttributes.mockRejectedValue(PERMISSION_DENIED());
      await setUpTemporal(server.connection, 'dialer', logger);
      expect(server.workflowService.countWorkflowExecutions).toHaveBeenCalledWith({ namespace: 'dialer', query: 'CampaignStatus IS NOT NULL' });
      expect(logger.warn).toHaveBeenCalledWith(expect.stringMatching(/refused the operator API.*CampaignId \(KEYWORD\).*exist in namespace dialer/));
    });

    it('names the attributes to create by hand and stops', async () => {
      const server = fakeServer({});
      server.operatorService.listSearchAttributes.mockRejectedValue(PERMISSION_DENIED());
      server.workflowService.countWorkflowExecutions.mockImplementation(async ({ query = '' }) => {
        if (/^(Attempt|CampaignStatus) /.test(query)) throw grpcError(3, `3 INVALID_ARGUMENT: invalid query: ${query}`);
        return { count: 0 };
      });
      await expect(setUpTemporal(server.connection, 'dialer', logger)).rejects.toThrow(
        /Request unauthorized.*Create them in namespace dialer \(Temporal Cloud: .*console.*\), then start again: Attempt \(INT\), CampaignStatus \(KEYWORD\)$/,
      );
    });
  });
});

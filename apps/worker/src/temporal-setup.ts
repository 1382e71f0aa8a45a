import type { OperatorService, WorkflowService } from '@temporalio/client';
import { SearchAttributeType } from '@temporalio/common';
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes';
import { msToTs } from '@temporalio/common/lib/time';
import { SEARCH_ATTRIBUTE_KEYS } from '../../../libs/contracts/src';

/** Both `Connection` (@temporalio/client) and `NativeConnection` (@temporalio/worker) offer these. */
export interface TemporalAdminConnection {
  workflowService: WorkflowService;
  operatorService: OperatorService;
}

export interface SetupLogger {
  log(message: string): void;
  warn(message: string): void;
}

/** gRPC status codes the setup tells apart. */
const GRPC = { INVALID_ARGUMENT: 3, NOT_FOUND: 5, ALREADY_EXISTS: 6, PERMISSION_DENIED: 7, UNIMPLEMENTED: 12, UNAUTHENTICATED: 16 };

/** As `temporal operator namespace create` sets it when given none. */
const NAMESPACE_RETENTION = '3 days';

/** A new namespace reaches every frontend on their next namespace-cache refresh (10 s by default). */
const NEW_NAMESPACE_WAIT_MS = 60_000;

type Key = (typeof SEARCH_ATTRIBUTE_KEYS)[number];

/**
 * Makes the namespace and the dialer's search attributes exist on any cluster, idempotently: a workflow that
 * sets an unregistered attribute fails its workflow tasks until someone registers it. Run by the worker
 * before it polls and by `npm run temporal-setup`.
 */
export async function setUpTemporal(
  connection: TemporalAdminConnection,
  namespace: string,
  logger: SetupLogger,
): Promise<void> {
  if (await ensureNamespace(connection, namespace, logger)) await waitForNamespace(connection, namespace);
  await ensureSearchAttributes(connection, namespace, logger, SEARCH_ATTRIBUTE_KEYS);
}

/** True when this call registered the namespace. */
async function ensureNamespace(connection: TemporalAdminConnection, namespace: string, logger: SetupLogger): Promise<boolean> {
  try {
    await connection.workflowService.describeNamespace({ namespace });
    return false;
  } catch (error) {
    if (grpcCode(error) !== GRPC.NOT_FOUND) throw error;
  }
  try {
    await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs(NAMESPACE_RETENTION) });
    logger.log(`Temporal: registered namespace ${namespace} (history kept ${NAMESPACE_RETENTION})`);
  } catch (error) {
    // Another worker starting at the same moment registered it first.
    if (grpcCode(error) !== GRPC.ALREADY_EXISTS) throw error;
  }
  return true;
}

async function waitForNamespace(connection: TemporalAdminConnection, namespace: string): Promise<void> {
  const deadline = Date.now() + NEW_NAMESPACE_WAIT_MS;
  for (;;) {
    try {
      await connection.workflowService.countWorkflowExecutions({ namespace });
      return;
    } catch (error) {
      if (grpcCode(error) !== GRPC.NOT_FOUND || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

async function ensureSearchAttributes(connection: TemporalAdminConnection, namespace: string, logger: SetupLogger, keys: readonly Key[]): Promise<void> {
  // A second pass only after another worker registered some of them between our list and our add.
  for (let pass = 1; ; pass++) {
    let existing: Record<string, number>;
    try {
      existing = (await connection.operatorService.listSearchAttributes({ namespace })).customAttributes ?? {};
    } catch (error) {
      if (!isRefused(error)) throw error;
      return checkWithoutOperatorApi(connection, namespace, logger, keys, error);
    }
    const mismatched = keys.filter((key) => existing[key.name] !== undefined && existing[key.name] !== indexedValueType(key.type));
    if (mismatched.length) {
      const found = mismatched.map((key) => `${key.name} is ${typeName(existing[key.name])}, the dialer needs ${key.type}`);
      throw new Error(`Temporal namespace ${namespace}: search attributes of the wrong type: ${found.join('; ')}. Remove or rename them.`);
    }
    const missing = keys.filter((key) => existing[key.name] === undefined);
    if (!missing.length) return;
    try {
      await connection.operatorService.addSearchAttributes({
        namespace,
        searchAttributes: Object.fromEntries(missing.map((key) => [key.name, indexedValueType(key.type)])),
      });
      logger.log(`Temporal: registered search attributes ${describe(missing)} in namespace ${namespace}`);
      return;
    } catch (error) {
      if (isRefused(error)) return checkWithoutOperatorApi(connection, namespace, logger, keys, error);
      if (grpcCode(error) !== GRPC.ALREADY_EXISTS || pass > 1) throw error;
    }
  }
}

/**
 * Temporal Cloud refuses the operator API: its search attributes are managed in the Cloud console (or tcld).
 * A visibility query naming an attribute still tells whether it exists, though not its type.
 */
async function checkWithoutOperatorApi(
  connection: TemporalAdminConnection,
  namespace: string,
  logger: SetupLogger,
  keys: readonly Key[],
  refusal: unknown,
): Promise<void> {
  const missing: Key[] = [];
  for (const key of keys) {
    try {
      await connection.workflowService.countWorkflowExecutions({ namespace, query: `${key.name} IS NOT NULL` });
    } catch (error) {
      if (grpcCode(error) !== GRPC.INVALID_ARGUMENT) throw error;
      missing.push(key);
    }
  }
  const reason = `Temporal refused the operator API (${refusal instanceof Error ? refusal.message : String(refusal)})`;
  if (missing.length) {
    throw new Error(
      `${reason}, so the dialer cannot register its search attributes. Create them in namespace ${namespace} ` +
        `(Temporal Cloud: the namespace's page in the Cloud console, or tcld), then start again: ${describe(missing)}`,
    );
  }
  logger.warn(`${reason}; the search attributes ${describe(keys)} exist in namespace ${namespace} (their types were not checked)`);
}

function describe(keys: readonly Key[]): string {
  return keys.map((key) => `${key.name} (${key.type})`).join(', ');
}

function indexedValueType(type: SearchAttributeType): number {
  const encoded = encodeSearchAttributeIndexedValueType(type);
  if (encoded === undefined) throw new Error(`no indexed value type for search attribute type ${type}`);
  return encoded;
}

function typeName(indexed: number | undefined): string {
  return Object.values(SearchAttributeType).find((type) => indexedValueType(type) === indexed) ?? `type ${String(indexed)}`;
}

/** The operator API is closed to this caller (Temporal Cloud, or a cluster whose authorizer keeps it to admins). */
function isRefused(error: unknown): boolean {
  const code = grpcCode(error);
  return code === GRPC.PERMISSION_DENIED || code === GRPC.UNAUTHENTICATED || code === GRPC.UNIMPLEMENTED;
}

/** The status code of a failed call through either connection kind. */
function grpcCode(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

/**
 * History <-> ProtoJSON (the format of `temporal workflow show --output json` and Web UI downloads), for
 * replay fixtures.
 *
 * Why not historyToJSON/historyFromJSON from @temporalio/common/lib/proto-utils: in this install
 * @temporalio/common and @temporalio/proto each get their own nested copy of protobufjs 8 (the root one is
 * grpc's protobufjs 7), and common's protojson rejects the History type of proto's copy with
 * "TypeError: type must be a Type". So this uses the protojson of the protobufjs copy that defines History.
 */
import { createRequire } from 'node:module';
import type { History } from '@temporalio/common/lib/proto-utils';
import * as proto from '@temporalio/proto';
import { patchProtobufRoot } from '@temporalio/proto/lib/patch-protobuf-root';

interface ProtoJson {
  toJson(type: unknown, message: unknown): unknown;
  fromJson(type: unknown, json: unknown, options: { ignoreUnknownFields: boolean }): unknown;
}

const protojson = createRequire(require.resolve('@temporalio/proto'))('protobufjs/ext/protojson') as ProtoJson;
const historyType = (patchProtobufRoot(proto) as unknown as { lookupType(name: string): unknown }).lookupType('temporal.api.history.v1.History');

export function historyToJson(history: History): string {
  return JSON.stringify(protojson.toJson(historyType, proto.temporal.api.history.v1.History.fromObject(history)), null, 2);
}

export function historyFromJson(json: unknown): History {
  return protojson.fromJson(historyType, json, { ignoreUnknownFields: true }) as History;
}

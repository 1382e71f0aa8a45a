import { connect } from 'node:net';
import { AudioSocketServer } from './audio-socket.server';

function message(kind: number, payload: Buffer): Buffer {
  const header = Buffer.alloc(3);
  header[0] = kind;
  header.writeUInt16BE(payload.length, 1);
  return Buffer.concat([header, payload]);
}
const uuidBytes = (uuid: string) => Buffer.from(uuid.replace(/-/g, ''), 'hex');

describe(AudioSocketServer.name, () => {
  const errors: string[] = [];
  const server = new AudioSocketServer({ error: (message) => errors.push(message) });
  let port = 0;
  beforeAll(async () => {
    port = await server.listen(0, '127.0.0.1');
  });
  afterAll(() => server.close());

  it('routes the audio of a stream to its sink, across split writes, and drops unknown streams', async () => {
    const heard: Buffer[] = [];
    const stream = server.open((pcm) => heard.push(pcm));
    const stranger: Buffer[] = [];
    server.open((pcm) => stranger.push(pcm));
    expect(stream.receiving()).toBe(false);

    const socket = connect(port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    const frame = Buffer.alloc(320, 7);
    const bytes = Buffer.concat([message(0x01, uuidBytes(stream.id)), message(0x10, frame), message(0x10, Buffer.alloc(320, 9))]);
    // Asterisk's messages may arrive cut anywhere.
    socket.write(bytes.subarray(0, 10));
    await new Promise((resolve) => setTimeout(resolve, 20));
    socket.write(bytes.subarray(10));
    const other = connect(port, '127.0.0.1');
    other.write(Buffer.concat([message(0x01, uuidBytes('00000000-0000-4000-8000-000000000000')), message(0x10, frame)]));
    await new Promise((resolve) => setTimeout(resolve, 100));

    expect(heard.map((b) => [b.length, b[0]])).toEqual([
      [320, 7],
      [320, 9],
    ]);
    expect(stream.receiving()).toBe(true);
    expect(stranger).toEqual([]);

    stream.close();
    socket.write(message(0x10, frame));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(heard).toHaveLength(2);
    socket.destroy();
    other.destroy();
  });

  it('logs an error the peer reports', async () => {
    const socket = connect(port, '127.0.0.1');
    socket.write(message(0xff, Buffer.from([0x02])));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(errors).toEqual(['AudioSocket peer reported an error (02)']);
    socket.destroy();
  });
});

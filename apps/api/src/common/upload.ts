import type { Readable } from 'node:stream';
import { BadRequestException, UnsupportedMediaTypeException } from '@nestjs/common';
import busboy from 'busboy';
import type { Request } from 'express';

/**
 * The uploaded file as a stream, never buffered whole: either the raw body of a `text/csv` request or
 * the first file part of a `multipart/form-data` form (what a browser's file input sends).
 */
export function uploadedFile(request: Request): Promise<Readable> {
  const type = (request.headers['content-type'] ?? '').toLowerCase();
  if (/^(text\/csv|application\/csv|text\/plain)\b/.test(type)) return Promise.resolve(request);
  if (!type.startsWith('multipart/form-data')) {
    throw new UnsupportedMediaTypeException('Send the file as text/csv or as a multipart/form-data field named "file"');
  }
  return new Promise((resolve, reject) => {
    let form: busboy.Busboy;
    try {
      form = busboy({ headers: request.headers, limits: { files: 1 } });
    } catch (error) {
      reject(new BadRequestException(`Malformed multipart body: ${error instanceof Error ? error.message : String(error)}`));
      return;
    }
    let found = false;
    form.on('file', (_field, stream) => {
      found = true;
      resolve(stream);
    });
    form.on('error', (error) => reject(new BadRequestException(`Malformed multipart body: ${error instanceof Error ? error.message : String(error)}`)));
    form.on('close', () => {
      if (!found) reject(new BadRequestException('file: the form has no file part'));
    });
    request.pipe(form);
  });
}

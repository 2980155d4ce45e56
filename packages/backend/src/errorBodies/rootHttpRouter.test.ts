import { mockServices } from '@backstage/backend-test-utils';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { InputError } from '@backstage/errors';
import express from 'express';
import request from 'supertest';
import { withStackTracePolicy } from './rootHttpRouter';

async function errorBody(authEnvironment: string, nodeEnv: string) {
  const config = mockServices.rootConfig({
    data: { auth: { environment: authEnvironment } },
  });
  const middleware = MiddlewareFactory.create({
    config,
    logger: mockServices.rootLogger(),
  });
  withStackTracePolicy(middleware, config);
  const app = express();
  app.get('/fails', () => {
    throw new InputError('bad input');
  });
  const previous = process.env.NODE_ENV;
  process.env.NODE_ENV = nodeEnv;
  try {
    // As Backstage's defaults do: the error middleware is made after configure.
    app.use(middleware.error());
    return (await request(app).get('/fails')).body;
  } finally {
    process.env.NODE_ENV = previous;
  }
}

describe('error bodies', () => {
  it('carry no stack trace under the production configuration, whatever NODE_ENV says', async () => {
    const body = await errorBody('production', 'development');
    expect(body.error).toMatchObject({
      name: 'InputError',
      message: 'bad input',
    });
    expect(body.error.stack).toBeUndefined();
    expect((await errorBody('production', 'production')).error.stack).toBe(
      undefined,
    );
  });

  it('carry the stack trace in development, for the developer', async () => {
    const body = await errorBody('development', 'development');
    expect(body.error.stack).toContain('InputError: bad input');
  });
});

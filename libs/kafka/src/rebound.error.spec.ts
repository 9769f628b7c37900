import { ReboundError, errorCode, isTransientInfrastructureError } from './rebound.error';

function pgError(code: string): Error {
  return Object.assign(new Error(`postgres said ${code}`), { code });
}

describe('isTransientInfrastructureError', () => {
  it.each([
    [
      'a refused connection',
      Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
    ],
    ['a lost database connection (08006)', pgError('08006')],
    ['a serialisation conflict (40001)', pgError('40001')],
    ['a database that does not exist yet (3D000)', pgError('3D000')],
    ['a table not migrated yet (42P01)', pgError('42P01')],
    ['a retriable ReboundError', new ReboundError('X.DOWN', 'down', true)],
  ])('should treat %s as the infrastructure, retried until it clears', (_, error) => {
    expect(isTransientInfrastructureError(error)).toBe(true);
  });

  it.each([
    ['a unique violation (23505)', pgError('23505')],
    ['a syntax error (42601)', pgError('42601')],
    ['a plain Error', new Error('cannot read property of undefined')],
    ['a permanent ReboundError', new ReboundError('X.BAD', 'bad record', false)],
    ['a thrown string', 'oops'],
  ])('should treat %s as the record or the code, dead-lettered after its attempts', (_, error) => {
    expect(isTransientInfrastructureError(error)).toBe(false);
  });

  it('should name an error by its code', () => {
    expect(errorCode(new ReboundError('NOTIFIER.UNKNOWN_PROVIDER', 'x', false))).toBe(
      'NOTIFIER.UNKNOWN_PROVIDER',
    );
    expect(errorCode(pgError('42P01'))).toBe('42P01');
    expect(errorCode('oops')).toBe('UNKNOWN');
  });
});

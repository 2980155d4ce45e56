import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  type BasicPermission,
} from '@backstage/plugin-permission-common';
import { microAppAuditReadPermission } from '@trellis/plugin-microapps-common';
import type { AuditStore } from './AuditStore';
import { verifyAuditLog } from './verifyAuditLog';

const EXPORT_BATCH = 1000;

/** Reading, verifying and exporting the audit log; each needs `microapps.audit.read`. */
export class AuditLog {
  constructor(
    private readonly options: {
      store: AuditStore;
      permissions: PermissionsService;
    },
  ) {}

  async list(
    credentials: BackstageCredentials,
    options: { entityRef?: string; beforeId?: number; limit: number },
  ) {
    await this.requireRead(credentials);
    return this.options.store.listAudit(options);
  }

  async verify(credentials: BackstageCredentials) {
    await this.requireRead(credentials);
    return verifyAuditLog(this.options.store);
  }

  /** Every audit entry, oldest first, a batch at a time. */
  async *export(credentials: BackstageCredentials) {
    await this.requireRead(credentials);
    let afterId = 0;
    for (;;) {
      const batch = await this.options.store.readAuditInOrder(
        afterId,
        EXPORT_BATCH,
      );
      if (batch.length === 0) return;
      yield batch;
      afterId = batch[batch.length - 1].id;
    }
  }

  private async requireRead(credentials: BackstageCredentials) {
    const [decision] = await this.options.permissions.authorize(
      [{ permission: microAppAuditReadPermission as BasicPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError('You may not read the MicroApp audit log');
    }
  }
}

import type {
  LoggerService,
  SchedulerService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import type { Environment } from '@marcbachmann/cel-js';
import fs from 'fs/promises';
import path from 'path';
import { scheduleOf, type TaskSchedules } from '../shared/taskSchedules';
import {
  compilePack,
  type CompiledPolicy,
  type PolicyLoadError,
} from './compilePolicy';
import { policyEnvironment } from './policyInput';

/** Where a pack is read from (`microapps.policies.locations`). */
export interface PolicyLocation {
  type: 'file' | 'url';
  /** A path (relative to the backend's working directory, as catalog file locations) or a URL. */
  target: string;
}

/** Largest pack file read. */
const MAX_PACK_BYTES = 1024 * 1024;

interface LoadedPack {
  policies: CompiledPolicy[];
  errors: PolicyLoadError[];
}

/** The loaded policies and what kept others from loading. */
export interface PolicySet {
  policies: CompiledPolicy[];
  loadErrors: PolicyLoadError[];
}

/**
 * Reads the policy packs, checks and compiles them, and keeps the result.
 * A bad policy is skipped and a bad file leaves the other files; a file
 * that cannot be read keeps the policies it had at its last good read.
 */
export class PolicyLoader {
  private readonly env: Environment = policyEnvironment();
  private readonly lastGood = new Map<string, CompiledPolicy[]>();
  private current: PolicySet = { policies: [], loadErrors: [] };
  private loaded?: Promise<void>;

  constructor(
    private readonly options: {
      locations: readonly PolicyLocation[];
      urlReader: Pick<UrlReaderService, 'readUrl'>;
      logger: LoggerService;
      /** Reads a file location; by default from disk. */
      readFile?: (file: string) => Promise<Buffer>;
    },
  ) {}

  /** The CEL environment policies are compiled in (the test bench uses it too). */
  get environment(): Environment {
    return this.env;
  }

  /** The policies of the last load; the first call waits for the first load. */
  async policySet(): Promise<PolicySet> {
    this.loaded ??= this.refresh();
    await this.loaded;
    return this.current;
  }

  /** Reads every location again and replaces the set. */
  async refresh(): Promise<void> {
    const packs = await Promise.all(
      this.options.locations.map(location => this.loadPack(location)),
    );
    const policies: CompiledPolicy[] = [];
    const loadErrors: PolicyLoadError[] = [];
    const ids = new Map<string, string>();
    for (const pack of packs) {
      loadErrors.push(...pack.errors);
      for (const policy of pack.policies) {
        const first = ids.get(policy.id);
        if (first) {
          loadErrors.push({
            location: policy.location,
            policyId: policy.id,
            path: 'id',
            message: `duplicate policy id ${policy.id}: already loaded from ${first}; ids must be unique across all packs`,
          });
          continue;
        }
        ids.set(policy.id, policy.location);
        policies.push(policy);
      }
    }
    for (const error of loadErrors) {
      this.options.logger.warn(
        `Policy ${error.location}${error.policyId ? ` ${error.policyId}` : ''}${
          error.path ? ` ${error.path}` : ''
        }: ${error.message}`,
      );
    }
    this.current = { policies, loadErrors };
  }

  /** Refreshes every `intervalSeconds` (or on the configured schedule) on this replica. */
  async start(
    scheduler: SchedulerService,
    intervalSeconds: number,
    schedules?: TaskSchedules,
  ): Promise<void> {
    await scheduler.scheduleTask({
      id: 'microapps-policies-refresh',
      // Local whatever the schedule: each replica holds its own copy of the
      // packs, and a global task would refresh only one of them.
      scope: 'local',
      ...scheduleOf(schedules, 'policiesRefresh', {
        frequency: { seconds: intervalSeconds },
        timeout: { minutes: 2 },
        initialDelay: { seconds: intervalSeconds },
      }),
      fn: async () => {
        try {
          await this.refresh();
        } catch (error) {
          this.options.logger.warn(`Could not refresh the policies: ${error}`);
        }
      },
    });
  }

  private async loadPack(location: PolicyLocation): Promise<LoadedPack> {
    const name = locationName(location);
    let text: string;
    try {
      text = await this.read(location);
    } catch (error) {
      const kept = this.lastGood.get(name) ?? [];
      return {
        policies: kept,
        errors: [
          {
            location: name,
            path: '',
            message: `could not be read (${
              (error as Error).message ?? error
            }); keeping the ${kept.length} policies of its last good read`,
          },
        ],
      };
    }
    const pack = compilePack(this.env, name, text);
    this.lastGood.set(name, pack.policies);
    return pack;
  }

  private async read(location: PolicyLocation): Promise<string> {
    let data: Buffer;
    if (location.type === 'file') {
      const read = this.options.readFile ?? (file => fs.readFile(file));
      data = await read(path.resolve(location.target));
    } else {
      const response = await this.options.urlReader.readUrl(location.target);
      data = await response.buffer();
    }
    if (data.length > MAX_PACK_BYTES) {
      throw new Error(
        `it has ${data.length} bytes, more than the ${MAX_PACK_BYTES} a pack may have`,
      );
    }
    return data.toString('utf8');
  }
}

/** `file:/abs/path.yaml` or the URL, as errors and the API name a pack. */
function locationName(location: PolicyLocation): string {
  return location.type === 'file'
    ? `file:${path.resolve(location.target)}`
    : location.target;
}

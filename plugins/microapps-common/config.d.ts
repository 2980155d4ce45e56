export interface Config {
  /** Trellis MicroApp plugins. */
  microapps?: {
    /**
     * The model catalog. Gateways read it from `GET /api/microapps/models`.
     * A model id that is not listed counts as unvetted.
     */
    models?: Array<{
      id: string;
      provider: string;
      /** approved | restricted | prohibited */
      status: 'approved' | 'restricted' | 'prohibited';
      /** enterprise | public | unvetted */
      hosting: 'enterprise' | 'public' | 'unvetted';
      /** USD per million tokens. */
      pricing: {
        inputPer1M: number;
        outputPer1M: number;
        cachedInputPer1M?: number;
      };
    }>;
    /** Overrides of the risk matrix; any number may be left out. */
    risk?: {
      dataSensitivity?: {
        public?: number;
        internal?: number;
        confidential?: number;
        regulated?: number;
      };
      userReach?: {
        'single-user'?: number;
        team?: number;
        'org-wide'?: number;
        external?: number;
      };
      integrationExposure?: {
        none?: number;
        internal?: number;
        'third-party'?: number;
        writeAccess?: number;
        max?: number;
      };
      modelRisk?: { enterprise?: number; public?: number; unvetted?: number };
      dependencyRisk?: { minimal?: number; moderate?: number; high?: number };
      tiers?: { lowMax?: number; mediumMax?: number };
    };
    /** Groups whose members grant each badge by default (entity refs). */
    stewards?: {
      security?: string[];
      compliance?: string[];
      executive?: string[];
      platform?: string[];
    };
    /** Kill switches. */
    killSwitch?: {
      /**
       * Steward roles (security, compliance, executive, platform) whose
       * members may engage and release any app's kill switch; the app's
       * owners may engage it and release only a switch their team engaged.
       * Default: security and platform. Read by `microAppStewardDecision`.
       */
      stewardRoles?: string[];
    };
    /** Approvals. */
    approvals?: {
      /** Days an approval holds before it expires; default 90. */
      ttlDays?: number;
      /**
       * Other lifetimes for particular apps, e.g. a time-boxed pilot: an
       * approval of `app` (a MicroApp entity ref) holds `ttlDays` (fractions
       * allowed). Each app at most once.
       */
      perApp?: Array<{ app: string; ttlDays: number }>;
    };
    /** Governance notifications (sent through the Backstage notifications plugin). */
    notifications?: {
      /** Seconds between scans for reviews needed and stale, expiring or expired badges; default 3600. */
      scanIntervalSeconds?: number;
      /** Owners are told this many days before a badge expires; default 14. */
      expiryWarningDays?: number;
    };
    /** The REST API. */
    api?: {
      /**
       * Check every JSON response against the OpenAPI document and answer 500
       * for one it does not describe; default false. Test portals turn it on;
       * it costs time on every response.
       */
      validateResponses?: boolean;
    };
    /** The OTLP receiver and what it keeps. */
    telemetry?: {
      /** Largest request body, measured after decompression; default 4194304 (4 MiB). */
      maxBodyBytes?: number;
      /** Past the first MiB, how many times its compressed size a body may inflate; default 100. */
      maxCompressionRatio?: number;
      /** Seconds a request body may take to arrive; default 30 (then 408). */
      bodyTimeoutSeconds?: number;
      /** OTLP requests of one caller (token) processed at once; default all but two of maxConcurrentRequests. */
      maxConcurrentRequestsPerCaller?: number;
      /** OTLP requests processed at once per backend; more get 503 with Retry-After; default 8. */
      maxConcurrentRequests?: number;
      /**
       * Mixed into the hashes of end-user ids so that they cannot be matched
       * with hashes elsewhere; set it per installation. Required outside
       * development and tests: the backend refuses to start without it.
       * @visibility secret
       */
      userHashSalt?: string;
      /**
       * How far a span's self-reported `gen_ai.usage.cost` may differ from the
       * catalog price, as a fraction of it, before it is recorded as a
       * `cost_mismatch` violation; default 0.05. Known models are always
       * charged at the catalog price.
       */
      costMismatchTolerance?: number;
      /**
       * Worker threads that decode OTLP bodies, so that a large or hostile
       * body never holds the event loop; 0 decodes in the main thread.
       * Default: one per core but one, from one to four.
       */
      decodeWorkers?: number;
      /**
       * Per gateway credential (a gateway key or a static token) and UTC day:
       * beyond these, spans of yet another unregistered app or unknown model
       * are rejected, not stored.
       */
      caps?: {
        /** Distinct unregistered apps; default 20. */
        unregisteredAppsPerDay?: number;
        /** Distinct model names missing from the model catalog; default 50. */
        unknownModelsPerDay?: number;
      };
      /** Days each kind of data is kept; a scheduled job (one replica at a time) deletes the rest. */
      retention?: {
        /** Span ids remembered to recognise re-sent spans; default 7. */
        spanKeyDays?: number;
        /** Hourly usage rollups; default 35. */
        hourlyDays?: number;
        /** Daily usage rollups and daily distinct users; default 400. */
        dailyDays?: number;
        /** Violations; default 400. */
        violationDays?: number;
        /** Minutes between retention runs; default 60. */
        intervalMinutes?: number;
      };
    };
    /**
     * Address of a trace in your trace viewer, with `{traceId}` (and
     * optionally `{spanId}`) standing for the ids, e.g.
     * `https://jaeger.example.com/trace/{traceId}`. The Policy tab links
     * each violation's trace id there; without it the id shows as text.
     * @visibility frontend
     */
    traceViewerUrlTemplate?: string;
    /** Policy packs (docs/POLICIES.md): YAML files of policies over each app and its telemetry. */
    policies?: {
      /**
       * Where packs are read from: `file` targets are paths relative to the
       * backend's working directory (like catalog file locations), `url`
       * targets are read through Backstage's UrlReader (backend.reading.allow).
       */
      locations?: Array<{
        /** file | url */
        type: 'file' | 'url';
        target: string;
      }>;
      /** Seconds between reads of the packs; default 60. */
      refreshIntervalSeconds?: number;
      /**
       * Seconds between evaluations of every policy for every app (one
       * replica at a time), for conditions that time alone makes true;
       * default 60. Apps whose traces carry violations are also evaluated
       * on ingest.
       */
      evaluateIntervalSeconds?: number;
    };
    /**
     * Schedules of the backend's tasks in Backstage's schedule shape (as for
     * catalog providers). A task given here runs on this schedule instead of
     * its interval key and defaults; its scope stays fixed, as each task is
     * only correct on one replica at a time or on every replica.
     */
    schedules?: {
      /** Refresh of each replica's in-memory app index; replaces marketplace.refreshIntervalSeconds. */
      marketplaceRefresh?: MicroAppsTaskSchedule;
      /** Scan for reviews needed and expiring badges (one replica); replaces notifications.scanIntervalSeconds. */
      governanceNotices?: MicroAppsTaskSchedule;
      /** Resend of notices that could not be delivered (one replica); default every 60 seconds. */
      governanceNoticeRetries?: MicroAppsTaskSchedule;
      /** Deletion of expired telemetry (one replica); replaces telemetry.retention.intervalMinutes. */
      telemetryRetention?: MicroAppsTaskSchedule;
      /** Reread of each replica's policy packs; replaces policies.refreshIntervalSeconds. */
      policiesRefresh?: MicroAppsTaskSchedule;
      /** Evaluation of every policy for every app (one replica); replaces policies.evaluateIntervalSeconds. */
      policiesEvaluate?: MicroAppsTaskSchedule;
    };
    /** Marketplace index of MicroApps read from the catalog. */
    marketplace?: {
      /** Seconds between refreshes of the in-memory index; default 30. */
      refreshIntervalSeconds?: number;
    };
  };
}

/**
 * A task's schedule, read with Backstage's
 * `readSchedulerServiceTaskScheduleDefinitionFromConfig`. Durations are ISO
 * 8601 (`PT5M`) or objects such as `{ minutes: 5 }`.
 */
interface MicroAppsTaskSchedule {
  /** A duration, or `{ cron: '0 3 * * *' }`, or `{ trigger: 'manual' }`. */
  frequency: string | Record<string, string | number>;
  /** The longest a run may take before another may start. */
  timeout: string | Record<string, number>;
  /** Wait before the first run on each replica; default none. */
  initialDelay?: string | Record<string, number>;
}

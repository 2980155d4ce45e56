/** @public */
export type RiskFactorName =
  | 'dataSensitivity'
  | 'userReach'
  | 'integrationExposure'
  | 'modelRisk'
  | 'dependencyRisk'
  | 'prohibitedModel'
  | 'override';

/** One line of the explanation. @public */
export interface RiskFactor {
  factor: RiskFactorName;
  points: number;
  /** The most this factor can score under the matrix in force. */
  maxPoints: number;
  reason: string;
  /** A concrete change that lowers the score, with the points it saves. */
  hint?: string;
  /**
   * Set when the factor names something the portal does not allow at all
   * (a prohibited model): it is to be removed, not weighed.
   */
  notAllowed?: boolean;
}

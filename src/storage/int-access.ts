/**
 * Intelligent-Tiering access clocks for the cohorts of one lifecycle path.
 *
 * S3 moves an object to Infrequent Access after 30 consecutive days without access, to Archive
 * Instant Access after 90, and to the opt-in archive tiers after their configured days; any access
 * (GET, RestoreObject completion, …) moves it back to Frequent Access and restarts the clock (S3 User
 * Guide, "How S3 Intelligent-Tiering works"). A cohort's objects start on one clock (from when they
 * entered the class); objects accessed later form *groups* within the cohort, one per first midnight
 * after their last access (a0): tier changes happen at midnights, so two accesses on the same day
 * leave the same clock. Lifecycle still counts age from creation, so groups never leave the cohort:
 * they only say which of its objects are on which clock.
 */

export interface AccessGroup {
  /** First midnight after the last access (a day index): idle days count from here. */
  readonly a0: number;
  count: number;
  gib: number;
  /**
   * Σ gib × (a0 − access time) and Σ count × (a0 − access time): what the group's objects are
   * stored in Frequent Access on the access day itself, after the access.
   */
  accessDayGib: number;
  accessDayCount: number;
}

/** A part of a cohort cut out at an access or delete: the clock it was on (a0 −1: the cohort's own). */
export interface AccessSlice {
  readonly a0: number;
  readonly count: number;
  readonly gib: number;
  readonly accessDayGib: number;
  readonly accessDayCount: number;
}

const EMPTY: readonly AccessGroup[] = [];
/** Below this many objects a group is rounding noise from pro-rata removals. */
const EPS_OBJECTS = 1e-9;

export class AccessGroups {
  private readonly groups: (AccessGroup[] | undefined)[];
  /** Σ count and Σ gib of the groups of each cohort (the rest is on the cohort's own clock). */
  readonly count: Float64Array;
  readonly gib: Float64Array;

  constructor(cohorts: number) {
    this.groups = new Array<AccessGroup[] | undefined>(cohorts);
    this.count = new Float64Array(cohorts);
    this.gib = new Float64Array(cohorts);
  }

  of(m0: number): readonly AccessGroup[] {
    return this.groups[m0] ?? EMPTY;
  }

  /**
   * Takes `count` objects (`gib`) out of cohort m0, which holds `cohortCount` objects and
   * `cohortGib`: from the group on clock `a0` when the caller knows it (−1: never accessed),
   * otherwise a pro-rata share of every group and of the objects on the cohort's own clock. Returns
   * where they came from. What comes off the cohort's own clock is capped at what that clock holds:
   * a reader that sizes objects by an average (a verification sample) must not move more GiB onto
   * access clocks than the cohort has, or the tiers would add up to more than the class.
   */
  take(m0: number, cohortCount: number, cohortGib: number, count: number, gib: number, a0?: number): AccessSlice[] {
    const list = this.groups[m0];
    if (!list || list.length === 0 || cohortCount <= 0) return [{ a0: -1, count: Math.min(count, Math.max(0, cohortCount)), gib: Math.min(gib, Math.max(0, cohortGib)), accessDayGib: 0, accessDayCount: 0 }];
    const ownCount = Math.max(0, cohortCount - (this.count[m0] as number));
    const ownGib = Math.max(0, cohortGib - (this.gib[m0] as number));
    const slices: AccessSlice[] = [];
    if (a0 !== undefined) {
      const g = list.find((x) => x.a0 === a0);
      const n = g ? Math.min(count, g.count) : 0;
      if (g && n > 0) slices.push(this.cut(m0, g, n / g.count));
      const restCount = Math.min(count - n, ownCount);
      const restGib = Math.min(gib - (slices[0]?.gib ?? 0), ownGib);
      if (restCount > EPS_OBJECTS) slices.push({ a0: -1, count: restCount, gib: Math.max(0, restGib), accessDayGib: 0, accessDayCount: 0 });
    } else {
      // Counts and GiB are cut in their own proportions: the cohort's objects differ in size, and a
      // count share of GiB could leave the groups holding more GiB than the cohort.
      const share = Math.min(1, count / cohortCount);
      const gibShare = cohortGib > 0 ? Math.min(1, gib / cohortGib) : share;
      let fromGroups = 0;
      let fromGroupsGib = 0;
      for (const g of list) {
        const s = this.cut(m0, g, share, gibShare);
        fromGroups += s.count;
        fromGroupsGib += s.gib;
        slices.push(s);
      }
      const restCount = Math.min(count - fromGroups, ownCount);
      if (restCount > EPS_OBJECTS) slices.push({ a0: -1, count: restCount, gib: Math.max(0, Math.min(gib - fromGroupsGib, ownGib)), accessDayGib: 0, accessDayCount: 0 });
    }
    this.prune(m0);
    return slices;
  }

  /** Adds objects to the group on clock a0 of cohort m0. */
  add(m0: number, a0: number, count: number, gib: number, accessDayGib: number, accessDayCount: number): void {
    const list = (this.groups[m0] ??= []);
    let g = list.find((x) => x.a0 === a0);
    if (!g) {
      g = { a0, count: 0, gib: 0, accessDayGib: 0, accessDayCount: 0 };
      list.push(g);
    }
    g.count += count;
    g.gib += gib;
    g.accessDayGib += accessDayGib;
    g.accessDayCount += accessDayCount;
    this.count[m0] = (this.count[m0] as number) + count;
    this.gib[m0] = (this.gib[m0] as number) + gib;
  }

  /** Returns a group's objects to the cohort's own clock (its tier can no longer differ from it). */
  release(m0: number, g: AccessGroup): void {
    this.cut(m0, g, 1);
    this.prune(m0);
  }

  /** Forgets the clocks of cohort m0 (it left INTELLIGENT_TIERING or expired). */
  clear(m0: number): void {
    this.groups[m0] = undefined;
    this.count[m0] = 0;
    this.gib[m0] = 0;
  }

  /** Cuts `share` of group g's objects (and `gibShare` of its GiB) out of cohort m0's groups. */
  private cut(m0: number, g: AccessGroup, share: number, gibShare = share): AccessSlice {
    const s = { a0: g.a0, count: g.count * share, gib: g.gib * gibShare, accessDayGib: g.accessDayGib * gibShare, accessDayCount: g.accessDayCount * share };
    g.count -= s.count;
    g.gib -= s.gib;
    g.accessDayGib -= s.accessDayGib;
    g.accessDayCount -= s.accessDayCount;
    this.count[m0] = (this.count[m0] as number) - s.count;
    this.gib[m0] = (this.gib[m0] as number) - s.gib;
    return s;
  }

  private prune(m0: number): void {
    const list = this.groups[m0];
    if (!list) return;
    const kept = list.filter((g) => g.count > EPS_OBJECTS);
    if (kept.length === 0) this.clear(m0);
    else if (kept.length !== list.length) this.groups[m0] = kept;
  }
}

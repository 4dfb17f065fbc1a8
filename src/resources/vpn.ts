/**
 * AWS Site-to-Site VPN: each connection is billed per connection-hour while provisioned, and data
 * sent from AWS over it is billed as data transfer out of the region ("AWS Site-to-Site VPN
 * pricing"). The transfer shares the account's internet-egress key, free allowance and tiers with
 * the bucket's egress, as AWS aggregates them.
 */
import { hoursInMonth } from '../units.js';
import { egressKey } from '../usage/usage-types.js';
import type { UsageLine } from '../usage/usage-line.js';
import type { MonthActivity } from './activity.js';
import type { VpnConfig } from './config.js';
import { resourceLine, vpnHoursKey } from './keys.js';

export function vpnLines(cfg: VpnConfig, region: string, activity: readonly Pick<MonthActivity, 'month'>[]): UsageLine[] {
  return activity.flatMap((a) => [
    ...(cfg.connections > 0 ? [resourceLine(a.month, region, vpnHoursKey(region), cfg.connections * hoursInMonth(a.month), 'network', 'vpn')] : []),
    ...(cfg.transferOutGBPerMonth > 0 ? [resourceLine(a.month, region, { ...egressKey(region), service: 'AWSDataTransfer' }, cfg.transferOutGBPerMonth, 'network', 'vpn')] : []),
  ]);
}

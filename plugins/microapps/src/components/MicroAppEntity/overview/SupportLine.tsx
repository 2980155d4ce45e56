import { Link } from '@backstage/core-components';
import type { MicroAppSupport } from '@trellis/plugin-microapps-common';
import type { ReactNode } from 'react';
import { isWebAddress } from './webAddress';

/** Where users get help, from `spec.support`: `email · channel · Help page`. */
export function SupportLine(props: { support: MicroAppSupport }) {
  const { email, channel, url } = props.support;
  const ways: Array<[string, ReactNode]> = [];
  if (email) ways.push(['email', <Link to={`mailto:${email}`}>{email}</Link>]);
  if (channel) ways.push(['channel', <span>{channel}</span>]);
  if (url && isWebAddress(url)) {
    ways.push([
      'url',
      <Link to={url} rel="noopener noreferrer">
        Help page
      </Link>,
    ]);
  }
  return (
    <>
      {ways.map(([key, way], index) => (
        <span key={key}>
          {index > 0 && ' · '}
          {way}
        </span>
      ))}
    </>
  );
}

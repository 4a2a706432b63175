import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import type { ElementDefinition } from './element.types';

/** The fields of `GET|POST /elements/{keyOrId}/oauth/url`; apiKey and callbackUrl are required. */
export class OAuthUrlRequestDto {
  @IsOptional() @IsString() @MaxLength(512)
  apiKey?: string;

  /** Accepted for Cloud Elements compatibility; the URL never carries it. */
  @IsOptional() @IsString() @MaxLength(512)
  apiSecret?: string;

  @IsOptional() @IsString() @MaxLength(2048)
  callbackUrl?: string;

  @IsOptional() @IsString() @MaxLength(1024)
  state?: string;

  @IsOptional() @IsString() @MaxLength(2048)
  scope?: string;

  @IsOptional() @IsString() @MaxLength(256)
  codeChallenge?: string;

  @ApiProperty({ enum: ['S256'], required: false })
  @IsOptional() @IsIn(['S256'])
  codeChallengeMethod?: string;
}

export class OAuthUrlView {
  oauthUrl: string;
  element: string;
  /** Present when the hub made the state because the caller gave none. */
  state?: string;
}

export class ConfigurationKeyView {
  key: string;
  name: string;
  description: string;
  required: boolean;
  secret: boolean;
  defaultValue?: string;
  type: string;
}

export class ElementView {
  id: number;
  key: string;
  name: string;
  description: string;
  hub: string;
  authentication: { type: string };
  defaultScopes: string[];
  configuration: ConfigurationKeyView[];
  resources: { name: string; description?: string; operations: string[] }[];
}

/** An element definition as the API shows it (no OAuth URLs or Webex mappings). */
export function elementView(element: ElementDefinition): ElementView {
  return {
    id: element.id,
    key: element.key,
    name: element.name,
    description: element.description,
    hub: element.hub,
    authentication: element.authentication,
    defaultScopes: element.oauth.defaultScopes,
    configuration: element.configuration.map((c) => ({
      key: c.key,
      name: c.name,
      description: c.description,
      required: c.required ?? false,
      secret: c.secret ?? false,
      type: c.type ?? 'text',
      ...(c.defaultValue !== undefined && { defaultValue: c.defaultValue }),
    })),
    resources: element.resources.map((r) => ({ name: r.path, description: r.description, operations: r.operations })),
  };
}

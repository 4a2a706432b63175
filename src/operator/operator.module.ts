import { Module } from '@nestjs/common';
import { OperatorSettings } from './operator-settings.service';

/** What the operator says in the environment, applied on every start; the shell commands (`npm run hub`) live beside it. */
@Module({ providers: [OperatorSettings] })
export class OperatorModule {}

import { ValidationError, ValidationPipe } from '@nestjs/common';
import { CommonErrorCode, CommonException } from '../common/common.exception';

/** The one validation pipe of every Nest route: DTOs transformed, unknown fields dropped, a 400 naming each failure. */
export function hubValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidUnknownValues: true,
    exceptionFactory: (errors) => new CommonException(CommonErrorCode.VALIDATION_FAILED, validationMessage(errors)),
  });
}

function validationMessage(errors: ValidationError[], parent = ''): string {
  return errors
    .flatMap((e) => {
      const path = parent ? `${parent}.${e.property}` : e.property;
      const own = Object.values(e.constraints ?? {}).map((m) => (parent ? `${parent}.${m}` : m));
      return e.children?.length ? [...own, validationMessage(e.children, path)] : own;
    })
    .filter(Boolean)
    .join('; ');
}

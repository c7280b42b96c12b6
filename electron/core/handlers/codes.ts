import { decodeCodes } from '../../diagnosis/decodeCodes';
import type { Handler } from '../core';

const decode: Handler<'codes.decode'> = async (req) => decodeCodes(req.text);

export const codesHandlers = { 'codes.decode': decode };

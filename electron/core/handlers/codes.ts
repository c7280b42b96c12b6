import { decodeCodes } from '../../diagnosis/decodeCodes';
import type { Handler } from '../handler';

const decode: Handler<'codes.decode'> = async (req) => decodeCodes(req.text);

export const codesHandlers = { 'codes.decode': decode };

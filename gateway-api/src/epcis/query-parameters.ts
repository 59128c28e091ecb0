import { z } from 'zod';
import type { EventFilter } from './event-filter';

/*
 * The SimpleEventQuery parameters of EPCIS 2.0's REST binding that apply to the events this
 * platform records, as one zod schema (from which the OpenAPI document lists them), and the
 * reading of a validated query into the filter, the order and the limits the pager applies.
 * docs/epcis-query.md lists every parameter, those refused and why.
 */

/** The page size the binding gives by default, and the most one page holds. */
export const DEFAULT_PER_PAGE = 30;
export const MAX_PER_PAGE = 200;

/** Values a list parameter holds at most, and its length. */
const MAX_LIST_TEXT = 4000;

/** A list parameter: values separated by `|` (as EPCIS 2.0's REST binding does) or commas. */
const listOf = (text: string): string[] =>
  text
    .split(/[|,]/)
    .map((v) => v.trim())
    .filter((v) => v.length > 0);

/** The binding's lists hold at least one value: an empty one is a client's mistake, refused. */
const AT_LEAST_ONE = { error: 'give at least one value (values separated by |)' };

const List = (description: string, example?: string) =>
  z
    .string()
    .max(MAX_LIST_TEXT)
    .transform(listOf)
    .pipe(z.array(z.string()).min(1, AT_LEAST_ONE))
    .optional()
    .meta({ description, ...(example === undefined ? {} : { example }) });

const Time = (description: string) =>
  z.iso
    .datetime({ offset: true })
    .optional()
    .meta({ description, example: '2026-11-22T08:00:00Z' });

const Count = (description: string) =>
  z.coerce.number().int().min(1).max(1_000_000).optional().meta({ description, example: 10 });

const ACTIONS = ['ADD', 'OBSERVE', 'DELETE'] as const;

/** The fixed-name parameters supported, as the binding names them. */
const FIXED = {
  eventType: List('event types, e.g. ObjectEvent|AggregationEvent', 'ObjectEvent'),
  GE_eventTime: Time('events at or after this eventTime'),
  LT_eventTime: Time('events before this eventTime'),
  GE_recordTime: Time('events the ledger recorded at or after this time'),
  LT_recordTime: Time('events the ledger recorded before this time'),
  EQ_action: z
    .string()
    .max(100)
    .transform(listOf)
    .pipe(
      z
        .array(
          z.enum(ACTIONS, { error: 'EQ_action takes ADD, OBSERVE or DELETE (separated by |)' }),
        )
        .min(1),
    )
    .optional()
    .meta({ description: 'actions: ADD, OBSERVE, DELETE', example: 'OBSERVE' }),
  EQ_bizStep: List('CBV business steps (bare, URN or GS1 web URI)', 'shipping'),
  EQ_disposition: List('CBV dispositions (bare, URN or GS1 web URI)', 'in_transit'),
  EQ_readPoint: List('read points (GLN as Digital Link /414/ or SGLN URN)'),
  WD_readPoint: List(
    'read points or their descendants (the platform keeps no location hierarchy: as EQ_readPoint)',
  ),
  EQ_bizLocation: List('business locations (GLN as Digital Link /414/ or SGLN URN)'),
  WD_bizLocation: List(
    'business locations or their descendants (no location hierarchy: as EQ_bizLocation)',
  ),
  MATCH_epc: List('an identifier in epcList or childEPCs (Digital Link, EPC URN or idpat)'),
  MATCH_parentID: List('the parentID'),
  MATCH_inputEPC: List('an identifier in inputEPCList'),
  MATCH_outputEPC: List('an identifier in outputEPCList'),
  MATCH_anyEPC: List('an identifier in any EPC list, or the parentID'),
  MATCH_epcClass: List('a class in quantityList or childQuantityList (lot: /01/{gtin}/10/{lot})'),
  MATCH_inputEPCClass: List('a class in inputQuantityList'),
  MATCH_outputEPCClass: List('a class in outputQuantityList'),
  MATCH_anyEPCClass: List('a class in any quantity list'),
  EQ_eventID: List('event ids'),
  EQ_transformationID: List('transformation ids (a TransformationEvent’s transformationID)'),
  EXISTS_errorDeclaration: z
    .enum(['true', 'false'], { error: 'EXISTS_errorDeclaration is true or false' })
    .transform((v) => v === 'true')
    .optional()
    .meta({ description: 'true: only events with an error declaration', example: 'true' }),
  GE_errorDeclarationTime: Time('events whose error was declared at or after this time'),
  LT_errorDeclarationTime: Time('events whose error was declared before this time'),
  EQ_errorReason: List('error declaration reasons (bare CBV term, URN or GS1 web URI)'),
  EQ_correctiveEventID: List('events whose error declaration names one of these corrections'),
  orderBy: z
    .enum(['eventTime', 'recordTime'], {
      error:
        'orderBy takes eventTime or recordTime (the platform records no extension fields to order by)',
    })
    .optional()
    .meta({ description: 'eventTime or recordTime', example: 'eventTime' }),
  orderDirection: z
    .enum(['ASC', 'DESC'], { error: 'orderDirection is ASC or DESC' })
    .optional()
    .meta({
      description:
        'ASC or DESC (DESC when orderBy is given alone; without orderBy it orders nothing)',
      example: 'DESC',
    }),
  eventCountLimit: Count('at most this many events in all, the first by orderBy'),
  maxEventCount: Count('refuse the query (413) when more events than this match'),
  // The binding lets a server answer fewer than perPage: a larger ask gets the largest page.
  perPage: z.coerce
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .transform((asked) => Math.min(asked, MAX_PER_PAGE))
    .default(DEFAULT_PER_PAGE)
    .meta({
      description: `events per page (at most ${MAX_PER_PAGE} are given, whatever is asked)`,
      example: 30,
    }),
  nextPageToken: z
    .string()
    .max(200)
    .optional()
    .meta({ description: 'the token the previous page gave' }),
};

/** The binding's parameters whose name carries a `{type}`, that this platform answers. */
const DYNAMIC = /^(EQ_bizTransaction|EQ_source|EQ_destination)_([A-Za-z0-9_.:/#-]{1,200})$/;

/**
 * Parameters of the binding (or patterns of the standard's query language) that cannot apply
 * here, each with why: an empty answer would read as "none" when the platform simply does not
 * keep what they ask about.
 */
const REFUSED: readonly (readonly [RegExp, string])[] = [
  [
    /^(EQ_type|EQ_deviceID|EQ_dataProcessingMethod|EQ_microorganism|EQ_chemicalSubstance|EQ_bizRules|EQ_stringValue|EQ_hexBinaryValue|EQ_uriValue|EQ_booleanValue|GE_startTime|LT_startTime|GE_endTime|LT_endTime)$/,
    'is a sensor parameter: the ledger records no sensor data, so an empty answer would wrongly read as "no reading"',
  ],
  [
    /^(EQ|GT|GE|LT|LE)_(value|minValue|maxValue|meanValue|sDev|percRank|percValue)(_.+)?$|^(EQ|EXISTS)_sensor(Metadata|Report)_.+$/,
    'is a sensor parameter: the ledger records no sensor data',
  ],
  [
    /^(EQ|GT|GE|LT|LE)_quantity$/,
    'asks about quantities: the ledger records a batch as a class without a quantity',
  ],
  [
    /^EQ_persistentDisposition_(set|unset)$/,
    'asks about persistent dispositions, which the ledger does not keep (a pack’s state is in its provenance)',
  ],
  [
    /^(EQ|EXISTS|GT|GE|LT|LE)_(ILMD|INNER|INNER_ILMD)_.+$|^(HASATTR|EQATTR)_.+$/,
    'asks about ILMD or extension fields, which the ledger does not keep (lot and expiry are in the batch record)',
  ],
];

/** Names shaped like the standard's dynamic parameters over extension fields. */
const EXTENSION_FIELD = /^(EQ|EXISTS|GT|GE|LT|LE|MATCH|WD)_.+$/;

/** Why a query parameter the schema does not name is refused, or undefined when it is taken. */
export function refusalOf(name: string): string | undefined {
  if (DYNAMIC.test(name)) {
    return undefined;
  }
  for (const [pattern, why] of REFUSED) {
    if (pattern.test(name)) {
      return `${name} ${why}`;
    }
  }
  if (EXTENSION_FIELD.test(name)) {
    return `${name} is not a parameter this repository supports: it records no extension fields (docs/epcis-query.md lists the parameters)`;
  }
  return `${name} is not a query parameter of EPCIS 2.0's SimpleEventQuery (docs/epcis-query.md lists those supported)`;
}

/**
 * The query of `GET /epcis/events` (and the other event resources): the fixed-name parameters
 * above, and the binding's `{type}` parameters (`EQ_bizTransaction_{type}`, `EQ_source_{type}`,
 * `EQ_destination_{type}`) through the catchall; any other name is refused with why.
 */
export const EventsQuerySchema = z
  .strictObject(FIXED)
  .catchall(z.string().max(MAX_LIST_TEXT))
  .superRefine((query, ctx) => {
    for (const name of Object.keys(query)) {
      if (Object.hasOwn(FIXED, name)) {
        continue;
      }
      const refusal = refusalOf(name);
      if (refusal !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message: refusal,
          params: { parameter: name },
        });
      } else if (listOf(String(query[name])).length === 0) {
        ctx.addIssue({ code: 'custom', path: [name], message: AT_LEAST_ONE.error });
      }
    }
    if (query.eventCountLimit !== undefined && query.maxEventCount !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['eventCountLimit'],
        message: 'eventCountLimit and maxEventCount exclude each other: send one',
      });
    }
    if (query.eventCountLimit !== undefined && query.orderBy === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['eventCountLimit'],
        message: 'eventCountLimit counts the first events by orderBy: send orderBy too',
      });
    }
  });

/** A validated events query. */
export type EventsQuery = z.infer<typeof EventsQuerySchema>;

/** How the answer is ordered: the ledger's commit order unless `orderBy` names a time. */
export interface EventOrder {
  readonly by: 'eventTime' | 'recordTime';
  readonly direction: 'ASC' | 'DESC';
}

/** What the pager does with a query: which events, in what order, how many at most. */
export interface EventQuery {
  readonly filter: EventFilter;
  readonly order?: EventOrder;
  /** `eventCountLimit`: the answer holds the first this many (by `order`). */
  readonly countLimit?: number;
  /** `maxEventCount`: more matches than this refuse the query. */
  readonly maxCount?: number;
}

/** The `{type}`-named parameters of a query, by their family. */
function typed(query: EventsQuery, family: string): Record<string, string[]> | undefined {
  const entries = Object.entries(query)
    .filter(([name]) => name.startsWith(`${family}_`) && !Object.hasOwn(FIXED, name))
    .map(([name, value]) => [name.slice(family.length + 1), listOf(String(value))] as const);
  return entries.length === 0 ? undefined : Object.fromEntries(entries);
}

/** Reads a validated query into what the pager applies. */
export function eventQueryOf(query: EventsQuery): EventQuery {
  const lists = {
    eventType: query.eventType,
    action: query.EQ_action,
    bizStep: query.EQ_bizStep,
    disposition: query.EQ_disposition,
    readPoint: mergeLists(query.EQ_readPoint, query.WD_readPoint),
    bizLocation: mergeLists(query.EQ_bizLocation, query.WD_bizLocation),
    epc: query.MATCH_epc,
    parentID: query.MATCH_parentID,
    inputEPC: query.MATCH_inputEPC,
    outputEPC: query.MATCH_outputEPC,
    anyEpc: query.MATCH_anyEPC,
    epcClass: query.MATCH_epcClass,
    inputEPCClass: query.MATCH_inputEPCClass,
    outputEPCClass: query.MATCH_outputEPCClass,
    anyEpcClass: query.MATCH_anyEPCClass,
    eventID: query.EQ_eventID,
    transformationID: query.EQ_transformationID,
    errorReason: query.EQ_errorReason,
    correctiveEventID: query.EQ_correctiveEventID,
    geEventTime: query.GE_eventTime,
    ltEventTime: query.LT_eventTime,
    geRecordTime: query.GE_recordTime,
    ltRecordTime: query.LT_recordTime,
    geErrorDeclarationTime: query.GE_errorDeclarationTime,
    ltErrorDeclarationTime: query.LT_errorDeclarationTime,
    bizTransaction: typed(query, 'EQ_bizTransaction'),
    source: typed(query, 'EQ_source'),
    destination: typed(query, 'EQ_destination'),
    // The binding: false (or absent) means "regardless of a declaration".
    errorDeclared: query.EXISTS_errorDeclaration === true ? true : undefined,
  };
  const filter = Object.fromEntries(
    Object.entries(lists).filter(([, value]) => value !== undefined),
  ) as EventFilter;
  return {
    filter,
    ...(query.orderBy === undefined
      ? {}
      : { order: { by: query.orderBy, direction: query.orderDirection ?? 'DESC' } }),
    ...(query.eventCountLimit === undefined ? {} : { countLimit: query.eventCountLimit }),
    ...(query.maxEventCount === undefined ? {} : { maxCount: query.maxEventCount }),
  };
}

function mergeLists(
  a: readonly string[] | undefined,
  b: readonly string[] | undefined,
): string[] | undefined {
  return a === undefined && b === undefined ? undefined : [...(a ?? []), ...(b ?? [])];
}

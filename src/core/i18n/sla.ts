/** Strings of the sla module (each entry in en and zh-CN). */
export const sla = {} as const;

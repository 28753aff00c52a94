/** Health-code colours, as the province's 苏康码 has them; a pass has the same three. */
export const HEALTH_CODE_COLOURS = ["green", "yellow", "red"] as const;
export type HealthCodeColour = (typeof HEALTH_CODE_COLOURS)[number];

/** How serious a colour is: a pass, like a health code, is as bad as its worst input. */
export const COLOUR_SEVERITY: Record<HealthCodeColour, number> = { green: 0, yellow: 1, red: 2 };

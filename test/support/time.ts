import { Visit, type VisitDocument } from "../../src/visits/visit.model.js";

/** Moves every recorded visit `minutes` into the past, as if that much time had gone by. */
export async function timePasses(minutes: number): Promise<void> {
  const shift = (date: Date) => new Date(date.getTime() - minutes * 60_000);
  const visits = await Visit.find().lean<VisitDocument[]>();
  if (visits.length === 0) return;
  await Visit.bulkWrite(
    visits.map((v) => ({
      updateOne: { filter: { _id: v._id }, update: { $set: { checkInAt: shift(v.checkInAt), endAt: shift(v.endAt) } } },
    })),
  );
}

/** Waits until `check` holds, polling every 100 ms. */
export async function until(check: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

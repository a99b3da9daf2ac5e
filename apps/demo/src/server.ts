export async function serveConsole(_: unknown): Promise<void> {}

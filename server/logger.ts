import pino from 'pino'

// One logger. Never log personal or health data: ids and outcomes only.
export function createLogger(level: string) {
  return pino({
    level,
    redact: { paths: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'], remove: true },
  })
}

export type Logger = ReturnType<typeof createLogger>

/** Display names for stack choices. */
const NAMES: Record<string, string> = {
  express: "Express",
  fastapi: "FastAPI",
  nestjs: "NestJS",
  gin: "Gin",
  postgres: "PostgreSQL",
  postgresql: "PostgreSQL",
  mongodb: "MongoDB",
  redis: "Redis",
  react: "React",
  "react-vite": "React (Vite)",
  nextjs: "Next.js",
  javascript: "JavaScript",
  typescript: "TypeScript",
  python: "Python",
  go: "Go",
  railway: "Railway",
  vercel: "Vercel",
  neon: "Neon",
  atlas: "MongoDB Atlas",
  upstash: "Upstash",
  github: "GitHub",
  google: "Google",
};

export function displayName(id: string): string {
  return NAMES[id] ?? id;
}

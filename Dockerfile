# One image for the worker and the API; the command chooses which runs.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY . .
USER node
CMD ["npx", "tsx", "app/worker-main.ts"]

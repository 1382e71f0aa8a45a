# One image for both roles: the API (default command) and the worker.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund
COPY . .
RUN npm run build
# The web console, served by the API from dist/web.
RUN npm --prefix apps/web install --no-audit --no-fund && npm run build:web

FROM node:20-bookworm-slim
# libsox-fmt-mp3 lets sox read the MP3 most Telnyx voices answer with; PocketSphinx is the default recogniser
# (STT_ENGINE), which the worker checks for at start.
RUN apt-get update && apt-get install -y --no-install-recommends espeak-ng sox libsox-fmt-mp3 pocketsphinx pocketsphinx-en-us \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
CMD ["node", "dist/apps/api/src/main.js"]

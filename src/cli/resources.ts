// Moved to ./resources/ (one module per resource family); this re-export keeps `./resources.js` imports working.
export * from './resources/index.js';

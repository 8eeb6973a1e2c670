/** Side-effect CSS imports, handled by Vite. */
declare module '*.css' {}

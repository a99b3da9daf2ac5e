export { type AirlockToolNodeOptions, airlockToolNode } from '../graph-tool-node.js';

/**
 * Steps of the build itself, run by Maven after compiling: they finish what the code generators
 * leave undone and are not used by the operator at run time.
 */
package dev.keyward.build;

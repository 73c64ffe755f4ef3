import { defineStore } from 'pinia';
import { listLoadTests } from '@/api/loadTests';
import { featureList } from './featureList';

/** Recorded load-test runs. */
export const useLoadTestsStore = defineStore('loadTests', () => featureList((cursor) => listLoadTests(cursor)));

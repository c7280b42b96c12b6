// Moved to shared/fixPhases/certNames.ts (the new certificate's plan hook uses it).
export * from '../../../../shared/fixPhases/certNames';
